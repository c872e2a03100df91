/** Tests that the JSON benchmarks compute what they claim and that the report shows the numbers of the raw results. */
package io.temblor.bench.json;
