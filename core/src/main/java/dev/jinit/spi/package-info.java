/**
 * The extension point of jinit: a module adds a {@link dev.jinit.spi.Component} to an init by listing a
 * {@link dev.jinit.spi.ComponentProvider} in {@code META-INF/services/dev.jinit.spi.ComponentProvider}.
 */
package dev.jinit.spi;
