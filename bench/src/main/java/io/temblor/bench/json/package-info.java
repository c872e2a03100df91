/**
 * The JSON parsing suite: Temblor's parser side by side with simdjson-java, Jackson streaming and fastjson2 on the
 * shared corpus, and the generator of its report. Depends on simd-json, the peers' libraries, JMH and Jackson
 * databind (for reading JMH's results).
 */
package io.temblor.bench.json;
