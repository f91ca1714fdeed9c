/** The AWS plugin over the AWS SDK v2 Cloud Control API. Filled in by the simulator issue. */
package dev.forja.plugin.aws;
