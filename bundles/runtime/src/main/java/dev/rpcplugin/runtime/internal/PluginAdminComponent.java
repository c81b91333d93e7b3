package dev.rpcplugin.runtime.internal;

import dev.rpcplugin.api.PluginAdmin;
import dev.rpcplugin.api.PluginStatusDTO;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The {@link PluginAdmin} service over every plugin configuration of the runtime. Every call returns at once. */
@Component(service = PluginAdmin.class)
public final class PluginAdminComponent implements PluginAdmin {

    private final PluginRuntime runtime;

    /** @param runtime the shared runtime holding the supervisors */
    @Activate
    public PluginAdminComponent(@Reference PluginRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public List<PluginStatusDTO> list() {
        return runtime.registry().all().stream()
                .map(PluginAdminComponent::status)
                .sorted(Comparator.comparing((PluginStatusDTO d) -> d.name))
                .toList();
    }

    @Override
    public Optional<PluginStatusDTO> get(String name) {
        return runtime.registry().byName(name).map(PluginAdminComponent::status);
    }

    @Override
    public void start(String name) {
        supervisor(name).start();
    }

    @Override
    public void stop(String name) {
        supervisor(name).stop();
    }

    @Override
    public void restart(String name) {
        supervisor(name).restart();
    }

    @Override
    public List<String> recentLog(String name, int maxLines) {
        if (maxLines < 0) {
            throw new IllegalArgumentException("maxLines must be 0 or more, got " + maxLines);
        }
        return supervisor(name).recentLog(maxLines);
    }

    private static PluginStatusDTO status(PluginSupervisor supervisor) {
        PluginStatusDTO status = supervisor.snapshot().toDto();
        status.configuration = supervisor.pid();
        status.replacementPid = supervisor.replacementPid();
        if (status.replacementPid > 0) {
            status.nextAttempt = 0; // the attempt is this one
        }
        return status;
    }

    private PluginSupervisor supervisor(String name) {
        return runtime.registry().byName(name)
                .orElseThrow(() -> new IllegalArgumentException("no plugin named \"" + name + "\"; configured: "
                        + list().stream().map(d -> d.name).toList()));
    }
}
