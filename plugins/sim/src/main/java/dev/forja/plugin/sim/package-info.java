/**
 * The cloud simulator: an in-process SIM plugin and a Cloud Control server on loopback. Filled in
 * by the simulator issue.
 */
package dev.forja.plugin.sim;
