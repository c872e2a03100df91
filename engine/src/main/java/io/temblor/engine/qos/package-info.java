/**
 * Traffic shaping decisions for pipelines (issue 4): per-key rate limits ({@code TokenBuckets}, Tremor's
 * {@code grouper::bucket} in {@code BucketGrouper}) kept in preallocated primitive tables, and a shaper that delays
 * events in an off-heap ring ({@code TokenShaper}), so a decision allocates nothing and costs the same with one key or
 * a hundred thousand. Depends on the JDK only.
 */
package io.temblor.engine.qos;
