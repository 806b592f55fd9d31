/** The same pool code on Apache Spark: {@link dev.procbook.spark.SparkPool} in {@code local[N]} or on a cluster. */
package dev.procbook.spark;
