/**
 * The script suite: Temblor's tremor-script interpreter side by side with JSLT and hand-written Jackson tree code on
 * three log-processing workloads, the equivalent transforms of each engine, the bundled events, and the generator of
 * the suite's report. Depends on simd-json, script, JMH, Jackson databind and JSLT.
 */
package io.temblor.bench.script;
