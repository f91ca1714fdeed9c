/**
 * The API's JSON bodies, as Jackson records: the agent writes them and clients (the CLI) read them
 * with {@link dev.forja.http.dto.ApiJson#newMapper()}, so that {@code forja ... -o json} prints
 * exactly the route's body.
 */
package dev.forja.http.dto;
