/** SparkSession construction shared by all jobs. */
package io.charspark.spark;
