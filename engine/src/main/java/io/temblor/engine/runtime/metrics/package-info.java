/**
 * Run-time metrics: single-writer event counters and latency recorders the agents update on their duty cycle, and the
 * Prometheus text format other threads render them in. Depends on HdrHistogram only; the runtime wires it up.
 */
package io.temblor.engine.runtime.metrics;
