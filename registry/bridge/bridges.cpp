// SPDX-License-Identifier: GPL-3.0-or-later
#include "bridge/bridges.h"

#include "bridge/bridgelogging.h"
#include "model/urlcredentials.h"

Bridges::Bridges(BridgeSettings settings, Registry &registry, Bridge::WriteRunner runWrite, QString mark,
                 QUrl ownRoot, QObject *parent)
    : QObject {parent}
    , m_settings {settings}
    , m_registry {registry}
    , m_runWrite {std::move(runWrite)}
    , m_mark {std::move(mark)}
    , m_ownRoot {std::move(ownRoot)}
{
}

// The bridges, and those still withdrawing, are children: they go before the registry does.
Bridges::~Bridges() = default;

Bridges::AddResult Bridges::add(const BridgeTarget &requested)
{
    BridgeTarget target = requested;
    target.url = BridgeTargets::normalizedUrl(target.kind, target.url);
    if (target.url.isEmpty())
        return {Outcome::Invalid, QStringLiteral("'%1' is not an http or https URL with a host")
                                      .arg(UrlCredentials::shown(requested.url)), {}};
    const bool self = target.url.host() == m_ownRoot.host() && target.url.port(80) == m_ownRoot.port(80);
    if (self)
        return {Outcome::Invalid, QStringLiteral("%1 is this node itself").arg(UrlCredentials::shown(target.url)), {}};
    if (find(target.url))
        return {Outcome::Duplicate, QStringLiteral("this node already has a bridge to %1").arg(UrlCredentials::shown(target.url)), {}};
    auto *bridge = new Bridge(target, m_settings, m_registry, m_runWrite, m_mark, this);
    connect(bridge, &Bridge::stateChanged, this, &Bridges::changed);
    m_bridges.append(bridge);
    bridge->start();
    emit changed();
    return {Outcome::Added, {}, bridge->state()};
}

bool Bridges::remove(const QUrl &url)
{
    Bridge *bridge = find(url);
    if (!bridge)
        return false;
    qCInfo(lcBridge).noquote() << "removing the bridge to" << UrlCredentials::shown(bridge->target().url);
    m_bridges.removeAll(bridge);
    disconnect(bridge, nullptr, this, nullptr);
    bridge->withdraw();
    emit changed();
    return true;
}

Bridge *Bridges::find(const QUrl &url) const
{
    for (const QPointer<Bridge> &bridge : m_bridges) {
        if (!bridge)
            continue;
        const QUrl own = UrlCredentials::withoutCredentials(bridge->target().url);
        if (UrlCredentials::withoutCredentials(BridgeTargets::normalizedUrl(bridge->target().kind, url)) == own)
            return bridge;
    }
    return nullptr;
}

QList<BridgeState> Bridges::states() const
{
    QList<BridgeState> states;
    for (const QPointer<Bridge> &bridge : m_bridges) {
        if (bridge)
            states.append(bridge->state());
    }
    return states;
}
