package io.wasmjava.host;

import io.wasmjava.core.LogLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The host's log and its problem list: what the plugin logged at or above the level, and host calls that went wrong on
 * the host side. Each goes to its {@linkplain HostOptions sink} when one is set, else it is kept.
 */
final class HostLog {
    private final Consumer<LogRecord> sink;
    private final Consumer<String> problemSink;
    private final List<LogRecord> records = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private LogLevel level = LogLevel.TRACE;

    HostLog(HostOptions options) {
        this.sink = options.logSink();
        this.problemSink = options.problemSink();
    }

    void log(LogLevel messageLevel, String message) {
        if (messageLevel.code() < level.code()) {
            return;
        }
        LogRecord record = new LogRecord(messageLevel, message);
        if (sink != null) {
            sink.accept(record);
        } else {
            records.add(record);
        }
    }

    LogLevel level() {
        return level;
    }

    void level(LogLevel newLevel) {
        this.level = newLevel;
    }

    List<LogRecord> records() {
        return List.copyOf(records);
    }

    void problem(String problem) {
        if (problemSink != null) {
            problemSink.accept(problem);
        } else {
            problems.add(problem);
        }
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    int problemCount() {
        return problems.size();
    }
}
