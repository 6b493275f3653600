/** File plumbing: the {@code .zst} Hadoop codec, atomic output directories, JSON files. */
package io.charspark.io;
