/**
 * Trickle pipelines at run time: the executable graph built from a compiled query, and its operators (select with
 * windows and groups, scripts, {@code grouper::bucket}, {@code qos::*}, {@code generic::*}, {@code debug::history}).
 * Depends on {@code script} (compiled queries, the value model) and {@code engine.qos} (rate limiting cores).
 */
package io.temblor.engine.pipeline;
