package dev.rpcplugin.shell.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.rpcplugin.api.PluginAdmin;
import dev.rpcplugin.api.PluginStatusDTO;

/** A PluginAdmin that holds snapshots and records the requests made of it. */
final class FakeAdmin implements PluginAdmin {

    final Map<String, PluginStatusDTO> plugins = new LinkedHashMap<>();
    final Map<String, List<String>> logs = new LinkedHashMap<>();
    final List<String> requests = new ArrayList<>();

    FakeAdmin with(PluginStatusDTO status) {
        plugins.put(status.name, status);
        return this;
    }

    @Override
    public List<PluginStatusDTO> list() {
        return List.copyOf(plugins.values());
    }

    @Override
    public Optional<PluginStatusDTO> get(String name) {
        return Optional.ofNullable(plugins.get(name));
    }

    @Override
    public void start(String name) {
        request("start", name);
    }

    @Override
    public void stop(String name) {
        request("stop", name);
    }

    @Override
    public void restart(String name) {
        request("restart", name);
    }

    @Override
    public List<String> recentLog(String name, int maxLines) {
        request("recentLog " + maxLines, name);
        List<String> lines = logs.getOrDefault(name, List.of());
        return lines.subList(Math.max(0, lines.size() - maxLines), lines.size());
    }

    private void request(String what, String name) {
        if (!plugins.containsKey(name)) {
            throw new IllegalArgumentException("unknown plugin " + name);
        }
        requests.add(what + " " + name);
    }
}
