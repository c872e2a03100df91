/**
 * Probes of the flow runtime's data path (threading modes, throughput, GC) outside the JMH suites.
 */
package io.temblor.bench.runtime;
