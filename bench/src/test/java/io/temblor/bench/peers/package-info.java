/** Tests of the peers suite: the generator's lines, the subjects' configurations, a Temblor run and its report. */
package io.temblor.bench.peers;
