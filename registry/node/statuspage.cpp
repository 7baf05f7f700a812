// SPDX-License-Identifier: GPL-3.0-or-later
#include "node/statuspage.h"

#include "api/selfpreservationtext.h"
#include "http/router.h"
#include "node/node.h"

#include <QDateTime>
#include <QMap>

#include <algorithm>

namespace {
QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}

QString duration(qint64 ms)
{
    const qint64 secs = std::max<qint64>(0, ms / 1000);
    if (secs < 60)
        return QStringLiteral("%1 s").arg(secs);
    if (secs < 3600)
        return QStringLiteral("%1 min %2 s").arg(secs / 60).arg(secs % 60);
    if (secs < 86400)
        return QStringLiteral("%1 h %2 min").arg(secs / 3600).arg(secs % 3600 / 60);
    return QStringLiteral("%1 d %2 h").arg(secs / 86400).arg(secs % 86400 / 3600);
}

QString ago(qint64 thenMs, qint64 nowMs)
{
    return thenMs > 0 ? QStringLiteral("%1 ago").arg(duration(nowMs - thenMs)) : QStringLiteral("never");
}

QString clockTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

// A coloured label; tone is one of the classes in the style sheet (ok, warn, bad, idle).
QString badge(const QString &text, QStringView tone)
{
    return QStringLiteral("<span class=\"badge %1\">%2</span>").arg(tone, escaped(text));
}

QStringView statusTone(InstanceStatus status)
{
    switch (status) {
    case InstanceStatus::Up:
        return u"ok";
    case InstanceStatus::Down:
        return u"bad";
    case InstanceStatus::OutOfService:
    case InstanceStatus::Starting:
        return u"warn";
    default:
        return u"idle";
    }
}

QString table(const QStringList &headers, const QStringList &rows, const QString &kind = QString())
{
    QString html = kind.isEmpty() ? QStringLiteral("<table><thead><tr>")
                                  : QStringLiteral("<table class=\"%1\"><thead><tr>").arg(kind);
    for (const QString &header : headers)
        html += QStringLiteral("<th>%1</th>").arg(escaped(header));
    html += QStringLiteral("</tr></thead><tbody>") + rows.join(QString()) + QStringLiteral("</tbody></table>");
    return html;
}

QString row(const QStringList &cells)
{
    QString html = QStringLiteral("<tr>");
    for (const QString &cell : cells)
        html += QStringLiteral("<td>%1</td>").arg(cell);
    return html + QStringLiteral("</tr>");
}

QString section(const QString &id, const QString &title, const QString &body)
{
    return QStringLiteral("<section id=\"%1\"><h2>%2</h2>%3</section>").arg(id, escaped(title), body);
}

QString nodeSection(const NodeStatus &status)
{
    const QString store = status.store.kind == StoreStatus::Kind::Etcd
        ? QStringLiteral("etcd at ") + status.store.endpoint + (status.store.stale ? QStringLiteral(" (stale)") : QString())
        : QStringLiteral("memory");
    const QList<QPair<QString, QString>> facts {
        {QStringLiteral("Eureka service URL"), escaped(status.url + QStringLiteral("/eureka/"))},
        {QStringLiteral("Version"), escaped(status.version)},
        {QStringLiteral("Started"), escaped(clockTime(status.startedAtMs))},
        {QStringLiteral("Up for"), escaped(duration(status.uptimeMs))},
        {QStringLiteral("Instances"), QString::number(status.instanceCount)},
        {QStringLiteral("Applications"), QString::number(status.appCount)},
        {QStringLiteral("State"), status.ready ? badge(QStringLiteral("ready"), u"ok")
                                               : badge(QStringLiteral("copying from a peer"), u"warn")},
        {QStringLiteral("Store"), escaped(store)},
    };
    QString html = QStringLiteral("<dl class=\"facts\">");
    for (const auto &[name, value] : facts)
        html += QStringLiteral("<div><dt>%1</dt><dd>%2</dd></div>").arg(escaped(name), value);
    return html + QStringLiteral("</dl>");
}

QString selfPreservationSection(const NodeStatus &status)
{
    const SelfPreservationState &state = status.selfPreservation;
    QString label;
    QStringView tone;
    switch (state.reason()) {
    case SelfPreservationState::Reason::SwitchedOff:
        label = QStringLiteral("switched off"), tone = u"idle";
        break;
    case SelfPreservationState::Reason::NothingToProtect:
        label = QStringLiteral("off: nothing to protect"), tone = u"idle";
        break;
    case SelfPreservationState::Reason::Measuring:
        label = QStringLiteral("measuring until %1").arg(SelfPreservationText::measuredAt(state)), tone = u"idle";
        break;
    case SelfPreservationState::Reason::HoldingLeases:
        label = QStringLiteral("ON: leases held"), tone = u"bad";
        break;
    case SelfPreservationState::Reason::ExpiringNormally:
        label = QStringLiteral("armed"), tone = u"ok";
        break;
    }
    if (status.store.kind == StoreStatus::Kind::Etcd) {
        return section(QStringLiteral("self-preservation"), QStringLiteral("Self-preservation"),
                       QStringLiteral("<p>") + badge(QStringLiteral("does not apply"), u"idle")
                           + QStringLiteral(" Leases end in etcd, on every node at once.</p>"));
    }
    const QString numbers = QStringLiteral("%1 renewals %2, threshold %3, %4 expected from %5 instances")
                                .arg(QString::number(state.renewsPerMin()),
                                     state.measuringUntilMs > 0 ? QStringLiteral("so far this minute") : QStringLiteral("in the last minute"),
                                     QString::number(state.renewsThreshold),
                                     QString::number(state.expectedRenewsPerMin), QString::number(state.expectedClients));
    return section(QStringLiteral("self-preservation"), QStringLiteral("Self-preservation"),
                   QStringLiteral("<p>") + badge(label, tone) + u' ' + escaped(SelfPreservationText::english(state))
                       + QStringLiteral("</p><p class=\"numbers\">") + numbers + QStringLiteral("</p>"));
}

QString peersSection(const NodeStatus &status, qint64 nowMs)
{
    if (status.peers.isEmpty())
        return section(QStringLiteral("peers"), QStringLiteral("Peers"), QStringLiteral("<p class=\"none\">No peers.</p>"));
    QStringList rows;
    for (const PeerState &peer : status.peers) {
        const QString state = peer.reachability == PeerState::Reachability::Reachable ? badge(QStringLiteral("reachable"), u"ok")
            : peer.reachability == PeerState::Reachability::Unreachable           ? badge(QStringLiteral("unreachable"), u"bad")
                                                                                   : badge(QStringLiteral("not contacted yet"), u"idle");
        rows.append(row({QStringLiteral("<a href=\"%1\">%1</a>").arg(escaped(peer.url)), state,
                         escaped(ago(peer.lastSuccessMs, nowMs)), QString::number(peer.queueLength),
                         escaped(duration(peer.lagMs)), escaped(peer.lastError)}));
    }
    return section(QStringLiteral("peers"), QStringLiteral("Peers"),
                   table({QStringLiteral("Peer"), QStringLiteral("State"), QStringLiteral("Last success"),
                          QStringLiteral("Queue"), QStringLiteral("Lag"), QStringLiteral("Last error")},
                         rows));
}

QString bridgesSection(const NodeStatus &status)
{
    if (status.bridges.isEmpty())
        return section(QStringLiteral("bridges"), QStringLiteral("Bridges"), QStringLiteral("<p class=\"none\">No bridges.</p>"));
    QStringList rows;
    for (const BridgeState &bridge : status.bridges) {
        const QStringView tone = bridge.phase == BridgeState::Phase::InSync ? u"ok"
            : bridge.phase == BridgeState::Phase::Cut                     ? u"bad"
                                                                          : u"warn";
        rows.append(row({escaped(bridgeKindName(bridge.kind)), escaped(bridge.url), badge(bridgePhaseName(bridge.phase), tone),
                         QString::number(bridge.pulled), QString::number(bridge.pushed), QString::number(bridge.queued),
                         escaped(bridge.lastError)}));
    }
    return section(QStringLiteral("bridges"), QStringLiteral("Bridges"),
                   table({QStringLiteral("Kind"), QStringLiteral("External registry"), QStringLiteral("State"),
                          QStringLiteral("Pulled"), QStringLiteral("Pushed"), QStringLiteral("Queued"),
                          QStringLiteral("Last error")},
                         rows));
}

QString address(const Instance &instance)
{
    if (instance.origin == Protocol::ServiceComb && !instance.endpoints.isEmpty())
        return instance.endpoints.join(QStringLiteral(", "));
    return instance.port.enabled ? QStringLiteral("%1:%2").arg(instance.ipAddr).arg(instance.port.number) : instance.ipAddr;
}

QString metadata(const Instance &instance)
{
    QStringList pairs;
    for (auto it = instance.metadata.cbegin(); it != instance.metadata.cend(); ++it)
        pairs.append(QStringLiteral("<code>%1=%2</code>").arg(escaped(it.key()), escaped(it.value())));
    return pairs.join(u' ');
}

QString heartbeat(const Instance &instance, qint64 nowMs)
{
    if (instance.pinned)
        return QStringLiteral("pinned");
    return ago(instance.lease.lastRenewalTimestamp, nowMs);
}

QString instanceRow(const Instance &instance, qint64 nowMs)
{
    QString id = escaped(instance.instanceId);
    if (!instance.bridge.isEmpty())
        id += QStringLiteral(" <span class=\"note\">via %1</span>").arg(escaped(instance.bridge));
    return row({id, escaped(instance.hostName), escaped(address(instance)),
                badge(statusName(instance.status), statusTone(instance.status)),
                escaped(heartbeat(instance, nowMs)),
                escaped(instance.origin == Protocol::ServiceComb ? QStringLiteral("Service-Center") : QStringLiteral("Eureka")),
                metadata(instance)});
}

QString servicesSection(const RegistrySnapshot &snapshot, qint64 nowMs)
{
    QMap<QString, QList<const Instance *>> byApp;
    for (const Service &service : snapshot.services)
        byApp[EurekaServiceMapping::appForService(service.key.serviceName)];
    for (const Instance &instance : snapshot.instances)
        byApp[instance.app].append(&instance);
    if (byApp.isEmpty())
        return section(QStringLiteral("services"), QStringLiteral("Services"),
                       QStringLiteral("<p class=\"none\">Nothing is registered yet.</p>"));
    QString body;
    for (auto it = byApp.cbegin(); it != byApp.cend(); ++it) {
        QList<const Instance *> instances = it.value();
        std::sort(instances.begin(), instances.end(),
                  [](const Instance *a, const Instance *b) { return a->instanceId < b->instanceId; });
        const qsizetype up = std::count_if(instances.cbegin(), instances.cend(),
                                           [](const Instance *instance) { return instance->status == InstanceStatus::Up; });
        body += QStringLiteral("<h3>%1 <span class=\"count\">%2 of %3 up</span></h3>")
                    .arg(escaped(it.key()), QString::number(up), QString::number(instances.size()));
        if (instances.isEmpty()) {
            body += QStringLiteral("<p class=\"none\">No instances.</p>");
            continue;
        }
        QStringList rows;
        for (const Instance *instance : instances)
            rows.append(instanceRow(*instance, nowMs));
        body += table({QStringLiteral("Instance"), QStringLiteral("Host"), QStringLiteral("Address"),
                       QStringLiteral("Status"), QStringLiteral("Last heartbeat"), QStringLiteral("Protocol"),
                       QStringLiteral("Metadata")},
                      rows, QStringLiteral("instances"));
    }
    return section(QStringLiteral("services"), QStringLiteral("Services"), body);
}

constexpr auto styleSheet = u8R"(
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans", sans-serif; margin: 0; color: #1f2933; background: #f4f6f8; }
header { background: #243b53; color: #fff; padding: 16px 28px; display: flex; align-items: baseline; gap: 16px; flex-wrap: wrap; }
header h1 { margin: 0; font-size: 22px; }
header .url { color: #bcccdc; font-family: ui-monospace, monospace; }
header .refresh { margin-left: auto; color: #9fb3c8; font-size: 12px; }
main { padding: 8px 28px 28px; max-width: 1400px; }
section { background: #fff; border: 1px solid #d9e2ec; border-radius: 6px; padding: 4px 18px 14px; margin-top: 16px; }
h2 { font-size: 16px; margin: 12px 0 8px; color: #243b53; }
h3 { font-size: 14px; margin: 14px 0 6px; font-family: ui-monospace, monospace; }
h3 .count { font-family: system-ui, sans-serif; font-weight: normal; color: #627d98; margin-left: 8px; }
table { border-collapse: collapse; width: 100%; }
table.instances { table-layout: fixed; }
table.instances th:nth-child(1) { width: 22%; }
table.instances th:nth-child(2) { width: 14%; }
table.instances th:nth-child(3) { width: 13%; }
table.instances th:nth-child(4) { width: 9%; }
table.instances th:nth-child(5) { width: 11%; }
table.instances th:nth-child(6) { width: 9%; }
.pair { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 0 16px; }
th { text-align: left; font-weight: 600; color: #486581; border-bottom: 2px solid #d9e2ec; padding: 4px 8px; }
td { border-bottom: 1px solid #eef2f6; padding: 4px 8px; vertical-align: top; word-break: break-word; }
code { background: #f0f4f8; border-radius: 3px; padding: 0 4px; margin-right: 2px; font-size: 12px; }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(230px, 1fr)); gap: 6px 24px; margin: 8px 0; }
.facts dt { color: #627d98; font-size: 12px; }
.facts dd { margin: 0; font-weight: 600; }
.badge { display: inline-block; border-radius: 10px; padding: 0 9px; font-size: 12px; font-weight: 600; white-space: nowrap; }
.ok { background: #e3f9e5; color: #207227; }
.warn { background: #fff3c4; color: #8d6708; }
.bad { background: #ffe3e3; color: #ab091e; }
.idle { background: #e4e7eb; color: #3e4c59; }
.numbers, .none, .note { color: #627d98; }
.note { font-size: 12px; }
)";
}

StatusPage::StatusPage(const Node *node)
    : m_node {node}
{
}

void StatusPage::addRoutes(Router &router)
{
    router.add("GET", u"/", [this](const HttpRequest &request) { return getPage(request); });
}

HttpResponse StatusPage::getPage(const HttpRequest &) const
{
    HttpResponse response;
    response.contentType = QByteArrayLiteral("text/html; charset=utf-8");
    response.body = render(m_node->snapshot(), QDateTime::currentMSecsSinceEpoch()).toUtf8();
    return response.withHeader("Cache-Control", "no-store");
}

// Put together with + rather than chained arg(), which would read markers in what the registry holds.
QString StatusPage::render(const RegistrySnapshot &snapshot, qint64 nowMs)
{
    const NodeStatus &status = snapshot.status;
    const QString refresh = QString::number(refreshSecs);
    const QString name = escaped(status.name);
    return QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                          "<meta http-equiv=\"refresh\" content=\"") + refresh + QStringLiteral("\">"
                          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                          "<title>") + name + QStringLiteral(" — Muster</title><style>") + QString::fromUtf8(styleSheet)
        + QStringLiteral("</style></head><body><header><h1>") + name + QStringLiteral("</h1><span class=\"url\">")
        + escaped(status.url) + QStringLiteral("</span><span class=\"refresh\">Muster ") + escaped(status.version)
        + QStringLiteral(" · read-only · as of ") + escaped(clockTime(nowMs)) + QStringLiteral(", refreshed every ")
        + refresh + QStringLiteral(" s</span></header><main>")
        + section(QStringLiteral("node"), QStringLiteral("Node"), nodeSection(status)) + selfPreservationSection(status)
        + QStringLiteral("<div class=\"pair\">") + peersSection(status, nowMs) + bridgesSection(status)
        + QStringLiteral("</div>") + servicesSection(snapshot, nowMs)
        + QStringLiteral("</main></body></html>\n");
}
