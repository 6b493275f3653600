/**
 * Configuration: documented defaults ({@code charspark/reference.conf}) → a workload file
 * ({@code conf/<workload>.conf}) → {@code --set key=value} overrides → one immutable, validated
 * {@link io.charspark.config.CharsparkConfig} on the driver. Executors never see this object,
 * only plain values copied out of it.
 */
package io.charspark.config;
