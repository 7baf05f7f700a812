// SPDX-License-Identifier: GPL-3.0-or-later
package org.muster.interop.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * A Spring Boot service registered with Eureka (the account-server / hello-server shape):
 * GET /hello answers who it is; GET /call/{service} calls that service's /hello by name through
 * Spring Cloud LoadBalancer; GET /discovery/{service} shows what the DiscoveryClient holds.
 */
@SpringBootApplication
@RestController
public class InteropClientApplication {
    private final RestClient loadBalanced;
    private final DiscoveryClient discovery;
    private final String app;
    private final String instanceId;

    public InteropClientApplication(RestClient.Builder loadBalancedBuilder, DiscoveryClient discovery,
                                    @Value("${spring.application.name}") String app,
                                    @Value("${eureka.instance.instance-id}") String instanceId) {
        this.loadBalanced = loadBalancedBuilder.build();
        this.discovery = discovery;
        this.app = app;
        this.instanceId = instanceId;
    }

    public static void main(String[] args) {
        SpringApplication.run(InteropClientApplication.class, args);
    }

    @Bean
    @LoadBalanced
    static RestClient.Builder loadBalancedRestClientBuilder() {
        return RestClient.builder();
    }

    @GetMapping("/hello")
    public Map<String, String> hello() {
        return Map.of("app", app, "instanceId", instanceId);
    }

    @GetMapping("/call/{service}")
    public ResponseEntity<String> call(@PathVariable String service) {
        try {
            String body = loadBalanced.get().uri("http://" + service + "/hello").retrieve().body(String.class);
            return ResponseEntity.ok(body);
        } catch (RuntimeException e) {
            return ResponseEntity.status(503).body(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    @GetMapping("/discovery/{service}")
    public List<Map<String, Object>> instances(@PathVariable String service) {
        return discovery.getInstances(service).stream().map(InteropClientApplication::describe).toList();
    }

    private static Map<String, Object> describe(ServiceInstance instance) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("instanceId", instance.getInstanceId());
        out.put("host", instance.getHost());
        out.put("port", instance.getPort());
        out.put("metadata", instance.getMetadata());
        return out;
    }
}
