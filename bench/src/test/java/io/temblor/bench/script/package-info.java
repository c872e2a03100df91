/** Tests of the script suite: the three engines compute the same outputs, the bundled inputs are what they claim. */
package io.temblor.bench.script;
