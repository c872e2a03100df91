/** Tests of the pipeline suite: the limiters decide alike on the workload, and the report renders from a results fixture. */
package io.temblor.bench.pipeline;
