/**
 * Pkl input: evaluates a forma written as a Pkl module into the forma's JSON wire shape, in process
 * and offline, against Forja's base module {@code forja:/Forma.pkl}.
 */
package dev.forja.engine.input.pkl;
