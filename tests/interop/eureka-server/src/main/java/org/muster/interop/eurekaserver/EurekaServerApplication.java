// SPDX-License-Identifier: GPL-3.0-or-later
package org.muster.interop.eurekaserver;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.netflix.eureka.server.EnableEurekaServer;

/** The stock Spring Cloud Netflix Eureka server; everything else is in application.properties
 *  and on the command line (--server.port, --eureka.client.service-url.defaultZone, ...). */
@SpringBootApplication
@EnableEurekaServer
public class EurekaServerApplication {
    public static void main(String[] args) {
        SpringApplication.run(EurekaServerApplication.class, args);
    }
}
