/**
 * The pipeline suite: the rate-limit decision of Temblor's TokenBuckets side by side with Bucket4j on a shared virtual
 * clock, room for the throughput-logging pipeline benchmark, and the generator of the suite's report. Depends on the
 * engine, JMH, Bucket4j and the shared report code of io.temblor.bench.report.
 */
package io.temblor.bench.pipeline;
