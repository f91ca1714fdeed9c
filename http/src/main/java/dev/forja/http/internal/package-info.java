/**
 * The API's machinery: problem answers, error handling, body reading, extraction. Not public API.
 */
package dev.forja.http.internal;
