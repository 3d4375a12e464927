package dev.telltale.corpus.scan.internal;

import dev.telltale.corpus.scan.InputFormat;
import java.nio.file.Path;

/**
 * One file of a scan, in scan order.
 *
 * @param name     the path as the user named it (folder argument + relative path), used in locators
 * @param format   how to read it; null for a file in a folder whose name says no known format
 * @param modified last-modified time in milliseconds (part of the resume fingerprint)
 */
public record InputFile(Path path, String name, InputFormat format, long size, long modified) {}
