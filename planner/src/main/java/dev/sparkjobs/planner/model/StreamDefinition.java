package dev.sparkjobs.planner.model;

/** What a stream is: a source (columns and a connector) or a continuous query into a sink. */
public sealed interface StreamDefinition
        permits StreamSource, StreamQuery {}
