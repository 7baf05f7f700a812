// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/metricssample.h"
#include "http/httprequest.h"
#include "http/httpresponse.h"

#include <QStringList>

class Node;
class Router;

// What operators and their tools ask a node: /healthz (the process answers), /readyz (the node
// serves: its startup sync is done and its store, if it has one, is reachable) and /metrics in
// Prometheus' text format. Every number is read on the node's thread when it is asked for.
class OperationsApi
{
public:
    explicit OperationsApi(const Node *node);

    void addRoutes(Router &router);

    // Why the node does not serve yet; empty when it is ready.
    static QStringList notReadyReasons(const Node &node);
    QByteArray metricsText() const;
    // The numbers the console charts, read from the same counters as /metrics.
    static MetricsSample metricsSample(const Node &node);

private:
    HttpResponse health(const HttpRequest &request) const;
    HttpResponse readiness(const HttpRequest &request) const;
    HttpResponse metrics(const HttpRequest &request) const;

    const Node *m_node;
};
