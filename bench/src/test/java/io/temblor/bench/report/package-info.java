/** Tests of JMH result reading, SVG charts and the perf-reports index. */
package io.temblor.bench.report;
