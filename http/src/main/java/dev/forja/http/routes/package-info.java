/**
 * The API's routes, one class per resource; {@link dev.forja.http.ApiRoutes} puts them together.
 */
package dev.forja.http.routes;
