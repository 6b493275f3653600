/**
 * Network factories (SPEC.md §1 architectures) and the model directory format. DL4J is used only
 * behind these small types so the deprecated DL4J Spark module can be replaced later.
 */
package io.charspark.model;
