/**
 * The {@code peers} suite: a syslog TCP to JSON file pipeline run by Temblor, rsyslog and syslog-ng side by side,
 * each on one core, driven by the bench's own syslog load generator.
 */
package io.temblor.bench.peers;
