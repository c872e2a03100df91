/**
 * Traffic shaping decisions for pipelines (issue 4): per-key rate limits kept in preallocated primitive tables, so a
 * decision costs the same with one key or a hundred thousand and allocates nothing.
 */
package io.temblor.engine.qos;
