// SPDX-License-Identifier: GPL-3.0-or-later
#include "node/nodeapi.h"

#include "api/checkstatejson.h"
#include "api/nodestatusjson.h"
#include "node/node.h"
#include "http/router.h"

#include <QDateTime>
#include <QHostInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QUrl>

#include <algorithm>

NodeApi::NodeApi(const Node *node)
    : m_node {node}
{
}

void NodeApi::addRoutes(Router &router)
{
    router.add("GET", u"/muster/api/v1/node", [this](const HttpRequest &request) { return getNode(request); });
    router.add("GET", u"/muster/api/v1/checks", [this](const HttpRequest &) { return listChecks(); });
}

HttpResponse NodeApi::listChecks() const
{
    QList<CheckState> states = m_node->checkStates();
    std::sort(states.begin(), states.end(), [](const CheckState &a, const CheckState &b) {
        return std::tie(a.app, a.instanceId) < std::tie(b.app, b.instanceId);
    });
    QJsonArray checks;
    for (const CheckState &state : std::as_const(states))
        checks.append(CheckStateJson::encode(state));
    return HttpResponse::json(QJsonObject {{QStringLiteral("checks"), checks}});
}

HttpResponse NodeApi::getNode(const HttpRequest &) const
{
    return HttpResponse::json(NodeStatusJson::encode(m_node->status()));
}

Instance NodeApi::ownInstance(const Node &node)
{
    Instance instance;
    const QString host = QHostInfo::localHostName();
    instance.app = QStringLiteral("MUSTER");
    instance.hostName = host;
    instance.ipAddr = QUrl(node.url()).host();
    instance.instanceId = QStringLiteral("%1:muster:%2").arg(host).arg(node.port());
    instance.port = PortInfo {node.port(), true};
    instance.vipAddress = QStringLiteral("muster");
    instance.homePageUrl = node.url() + u'/';
    instance.statusPageUrl = node.url() + QStringLiteral("/muster/api/v1/node");
    instance.isCoordinatingDiscoveryServer = true;
    instance.lease.durationSecs = node.config().registry.defaultLeaseDurationSecs;
    instance.lease.renewalIntervalSecs = 30;
    instance.lastDirtyTimestamp = node.status().startedAtMs;
    instance.lastUpdatedTimestamp = instance.lastDirtyTimestamp;
    return instance;
}
