// SPDX-License-Identifier: GPL-3.0-or-later
package org.muster.interop.servicecomb;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

import com.google.common.eventbus.EventBus;

import org.apache.servicecomb.http.client.common.HttpConfiguration;
import org.apache.servicecomb.service.center.client.exception.OperationException;
import org.apache.servicecomb.service.center.client.ServiceCenterAddressManager;
import org.apache.servicecomb.service.center.client.ServiceCenterClient;
import org.apache.servicecomb.service.center.client.model.FindMicroserviceInstancesResponse;
import org.apache.servicecomb.service.center.client.model.Microservice;
import org.apache.servicecomb.service.center.client.model.MicroserviceInstance;
import org.apache.servicecomb.service.center.client.model.MicroserviceInstanceStatus;
import org.apache.servicecomb.service.center.client.model.RegisteredMicroserviceResponse;

/**
 * The Service-Center scenario with ServiceComb's own Java client, one step after another:
 * microservice create (twice), exists, get; instance register, heartbeats (and one for an unknown
 * instance, refused); find, find again with the
 * revision (not modified), a second instance and find with the old revision (modified), status
 * DOWN and UP, deregister, find (empty).
 *
 * Usage: java -jar servicecomb-client.jar http://127.0.0.1:PORT [--pause]
 *
 * Each step prints one line, "STEP name ok key=value ..." or "STEP name FAILED reason", and the
 * program exits with 1 at the first failure and 0 after "DONE". With --pause it reads one line from
 * stdin after each step, so that a test can look at the registry between steps.
 */
public final class ScenarioMain {
    private static final String APP = "interop-java";
    private static final String PROVIDER = "java-provider";
    private static final String CONSUMER = "java-consumer";
    private static final String VERSION = "1.0.0";

    private final ServiceCenterClient client;
    private final BufferedReader input;

    private ScenarioMain(String address, boolean pause) {
        EventBus eventBus = new EventBus();
        ServiceCenterAddressManager addresses =
            new ServiceCenterAddressManager("default", Collections.singletonList(address), eventBus);
        HttpConfiguration.SSLProperties ssl = new HttpConfiguration.SSLProperties();
        ssl.setEnabled(false);
        client = new ServiceCenterClient(addresses, ssl, request -> Collections.emptyMap(), "default",
            Collections.emptyMap());
        client.setEventBus(eventBus);
        input = pause ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)) : null;
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: servicecomb-client http://127.0.0.1:PORT [--pause]");
            System.exit(2);
        }
        boolean pause = args.length > 1 && args[1].equals("--pause");
        try {
            new ScenarioMain(args[0], pause).run();
            System.out.println("DONE");
            System.exit(0);
        } catch (StepFailed failed) {
            System.out.println("STEP " + failed.step + " FAILED " + failed.getMessage());
            System.exit(1);
        }
    }

    private static final class StepFailed extends Exception {
        final String step;

        StepFailed(String step, String reason) {
            super(reason);
            this.step = step;
        }
    }

    private interface Step {
        String run() throws Exception;
    }

    private void step(String name, Step step) throws StepFailed {
        String details;
        try {
            details = step.run();
        } catch (StepFailed failed) {
            throw failed;
        } catch (Exception e) {
            throw new StepFailed(name, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        System.out.println("STEP " + name + " ok" + (details.isEmpty() ? "" : " " + details));
        System.out.flush();
        if (input != null) {
            try {
                input.readLine();
            } catch (Exception e) {
                throw new StepFailed(name, "stdin: " + e.getMessage());
            }
        }
    }

    private static void check(String step, boolean condition, String reason) throws StepFailed {
        if (!condition) {
            throw new StepFailed(step, reason);
        }
    }

    private static Microservice microservice(String name) {
        Microservice service = new Microservice(name);
        service.setAppId(APP);
        service.setVersion(VERSION);
        return service;
    }

    private static MicroserviceInstance instance(String serviceId, String hostName, int port) {
        MicroserviceInstance instance = new MicroserviceInstance();
        instance.setServiceId(serviceId);
        instance.setHostName(hostName);
        instance.setEndpoints(new ArrayList<>(List.of("rest://127.0.0.1:" + port)));
        instance.setStatus(MicroserviceInstanceStatus.UP);
        return instance;
    }

    private static List<MicroserviceInstance> instancesOf(FindMicroserviceInstancesResponse found) {
        if (found.getMicroserviceInstancesResponse() == null
            || found.getMicroserviceInstancesResponse().getInstances() == null) {
            return List.of();
        }
        return found.getMicroserviceInstancesResponse().getInstances();
    }

    private static String describe(FindMicroserviceInstancesResponse found) {
        return "modified=" + found.isModified() + " revision=" + found.getRevision() + " instances="
            + instancesOf(found).stream()
                  .map(i -> i.getInstanceId() + ":" + i.getStatus())
                  .collect(Collectors.joining(","));
    }

    private void run() throws StepFailed {
        final String[] ids = new String[5]; // provider, consumer, first, second instance, revision

        step("create", () -> {
            String id = client.registerMicroservice(microservice(PROVIDER)).getServiceId();
            check("create", id != null && !id.isEmpty(), "no serviceId");
            ids[0] = id;
            return "serviceId=" + id;
        });
        step("create-again", () -> {
            String id = client.registerMicroservice(microservice(PROVIDER)).getServiceId();
            check("create-again", ids[0].equals(id), "another serviceId: " + id);
            return "serviceId=" + id;
        });
        step("exists", () -> {
            RegisteredMicroserviceResponse found = client.queryServiceId(microservice(PROVIDER));
            check("exists", found != null && ids[0].equals(found.getServiceId()),
                "queryServiceId answered " + (found == null ? "null" : found.getServiceId()));
            return "serviceId=" + found.getServiceId();
        });
        step("exists-unknown", () -> {
            RegisteredMicroserviceResponse found = client.queryServiceId(microservice("java-nobody"));
            check("exists-unknown", found == null, "an id for an unknown service");
            return "serviceId=null";
        });
        step("get", () -> {
            Microservice service = client.getMicroserviceByServiceId(ids[0]);
            check("get", service != null, "no microservice");
            check("get", ids[0].equals(service.getServiceId()) && APP.equals(service.getAppId())
                    && PROVIDER.equals(service.getServiceName()) && VERSION.equals(service.getVersion()),
                "another microservice: " + service.getServiceId() + " " + service.getAppId() + "/"
                    + service.getServiceName() + "/" + service.getVersion());
            return "serviceId=" + service.getServiceId() + " appId=" + service.getAppId() + " serviceName="
                + service.getServiceName() + " version=" + service.getVersion();
        });
        step("create-consumer", () -> {
            String id = client.registerMicroservice(microservice(CONSUMER)).getServiceId();
            check("create-consumer", id != null && !id.isEmpty() && !id.equals(ids[0]), "serviceId " + id);
            ids[1] = id;
            return "serviceId=" + id;
        });
        step("register", () -> {
            String id = client.registerMicroserviceInstance(instance(ids[0], "java-provider-a", 9101))
                            .getInstanceId();
            check("register", id != null && !id.isEmpty(), "no instanceId");
            ids[2] = id;
            return "instanceId=" + id;
        });
        step("get-instance", () -> {
            MicroserviceInstance instance = client.getMicroserviceInstance(ids[0], ids[2]);
            check("get-instance", instance != null && ids[2].equals(instance.getInstanceId())
                    && "java-provider-a".equals(instance.getHostName())
                    && instance.getStatus() == MicroserviceInstanceStatus.UP,
                "another instance");
            return "instanceId=" + instance.getInstanceId() + " status=" + instance.getStatus() + " endpoints="
                + String.join(",", instance.getEndpoints());
        });
        step("heartbeat", () -> {
            for (int i = 0; i < 3; ++i) {
                check("heartbeat", client.sendHeartBeat(ids[0], ids[2]), "heartbeat " + (i + 1) + " refused");
                Thread.sleep(300);
            }
            return "count=3";
        });
        // The client throws on an error answer; a ServiceComb service registers again when it sees
        // the heartbeat refused with 400017 (instance does not exist).
        step("heartbeat-unknown", () -> {
            try {
                client.sendHeartBeat(ids[0], "java-nosuchinstance");
            } catch (OperationException refused) {
                check("heartbeat-unknown", refused.getMessage().contains("400017"),
                    "refused without 400017: " + refused.getMessage());
                return "accepted=false errorCode=400017";
            }
            throw new StepFailed("heartbeat-unknown", "a heartbeat for an unknown instance was accepted");
        });
        step("find", () -> {
            FindMicroserviceInstancesResponse found = client.findMicroserviceInstance(ids[1], APP, PROVIDER, "0+", null);
            List<MicroserviceInstance> instances = instancesOf(found);
            check("find", found.isModified() && found.getRevision() != null && !found.getRevision().isEmpty(),
                "no revision: " + describe(found));
            check("find", instances.size() == 1 && ids[2].equals(instances.get(0).getInstanceId()),
                "not the one instance: " + describe(found));
            ids[4] = found.getRevision();
            return describe(found);
        });
        step("find-unchanged", () -> {
            FindMicroserviceInstancesResponse found =
                client.findMicroserviceInstance(ids[1], APP, PROVIDER, "0+", ids[4]);
            check("find-unchanged", !found.isModified(), "modified: " + describe(found));
            return describe(found);
        });
        step("register-second", () -> {
            String id = client.registerMicroserviceInstance(instance(ids[0], "java-provider-b", 9102))
                            .getInstanceId();
            check("register-second", id != null && !id.equals(ids[2]), "instanceId " + id);
            ids[3] = id;
            return "instanceId=" + id;
        });
        step("find-changed", () -> {
            FindMicroserviceInstancesResponse found =
                client.findMicroserviceInstance(ids[1], APP, PROVIDER, "0+", ids[4]);
            check("find-changed", found.isModified() && instancesOf(found).size() == 2
                    && !ids[4].equals(found.getRevision()),
                "not both instances at a new revision: " + describe(found));
            ids[4] = found.getRevision();
            return describe(found);
        });
        step("status-down", () -> {
            check("status-down",
                client.updateMicroserviceInstanceStatus(ids[0], ids[3], MicroserviceInstanceStatus.DOWN),
                "refused");
            return "instanceId=" + ids[3] + " status=DOWN";
        });
        step("find-down", () -> {
            FindMicroserviceInstancesResponse found =
                client.findMicroserviceInstance(ids[1], APP, PROVIDER, "0+", ids[4]);
            boolean down = instancesOf(found).stream().anyMatch(
                i -> ids[3].equals(i.getInstanceId()) && i.getStatus() == MicroserviceInstanceStatus.DOWN);
            check("find-down", found.isModified() && down, "the status did not change: " + describe(found));
            ids[4] = found.getRevision();
            return describe(found);
        });
        step("status-up", () -> {
            check("status-up",
                client.updateMicroserviceInstanceStatus(ids[0], ids[3], MicroserviceInstanceStatus.UP), "refused");
            MicroserviceInstance instance = client.getMicroserviceInstance(ids[0], ids[3]);
            check("status-up", instance.getStatus() == MicroserviceInstanceStatus.UP,
                "status " + instance.getStatus());
            return "instanceId=" + ids[3] + " status=UP";
        });
        step("deregister", () -> {
            client.deleteMicroserviceInstance(ids[0], ids[3]);
            client.deleteMicroserviceInstance(ids[0], ids[2]);
            return "instanceIds=" + ids[3] + "," + ids[2];
        });
        step("find-empty", () -> {
            FindMicroserviceInstancesResponse found =
                client.findMicroserviceInstance(ids[1], APP, PROVIDER, "0+", ids[4]);
            check("find-empty", found.isModified() && instancesOf(found).isEmpty(),
                "instances are left: " + describe(found));
            return describe(found);
        });
    }
}
