/**
 * Extractors ({@code re}, {@code rerg}, {@code glob}, {@code json}, {@code base64}, {@code kv}, {@code cidr},
 * {@code influx}, {@code datetime}, {@code grok}, {@code dissect}): tests on strings
 * used by match patterns ({@code ~}, {@code ~=}) that also return what they extracted. Depends on runtime and the
 * value model.
 */
package io.temblor.script.extract;
