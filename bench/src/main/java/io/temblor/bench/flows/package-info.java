/**
 * The {@code flows} suite: Tremor's bench flows run unchanged as {@code bin/temblor run} child processes, their bench
 * connector reports parsed, CPU time and peak memory read from /proc. Depends on the bench module's report helpers
 * only; the engine is reached through the launcher, not its classes.
 */
package io.temblor.bench.flows;
