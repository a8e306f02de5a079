/**
 * The {@code rectifier} command: option parsing, run directories, progress output and error
 * reporting. The only package that prints to standard output.
 */
package dev.rectifier.cli;
