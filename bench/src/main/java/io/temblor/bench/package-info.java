/**
 * JMH benchmarks that put Temblor side by side with its peers in one run, and the tool that turns their raw results
 * into reports under perf-reports/. Depends on every module and on the peers' libraries.
 */
package io.temblor.bench;
