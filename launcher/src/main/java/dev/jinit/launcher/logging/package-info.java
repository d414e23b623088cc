/**
 * The launcher's SLF4J binding: slf4j-simple's lines from slf4j-simple's {@code org.slf4j.simpleLogger.*} properties,
 * with a start-up cost of its own that is close to nothing (no {@link java.text.SimpleDateFormat}, so no locale data,
 * for the launcher's {@code 'jinit' HH:mm:ss.SSS}). Only the dist uses it: library modules log through the SLF4J API and
 * an application that embeds jinit brings its own binding.
 */
package dev.jinit.launcher.logging;
