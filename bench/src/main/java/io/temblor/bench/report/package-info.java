/**
 * Suite-independent reporting: reading JMH's JSON results, hand-rolled SVG bar charts and the generated index of
 * perf-reports/. Depends only on Jackson databind and the suite registry of io.temblor.bench.
 */
package io.temblor.bench.report;
