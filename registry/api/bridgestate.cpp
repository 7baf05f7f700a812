// SPDX-License-Identifier: GPL-3.0-or-later
#include "api/bridgestate.h"

QString bridgeKindName(BridgeState::Kind kind)
{
    return kind == BridgeState::Kind::Eureka ? QStringLiteral("eureka") : QStringLiteral("servicecomb");
}

std::optional<BridgeState::Kind> bridgeKindFromName(QStringView name)
{
    for (auto kind : {BridgeState::Kind::Eureka, BridgeState::Kind::ServiceComb}) {
        if (name.compare(bridgeKindName(kind), Qt::CaseInsensitive) == 0)
            return kind;
    }
    return std::nullopt;
}

QString bridgePhaseName(BridgeState::Phase phase)
{
    switch (phase) {
    case BridgeState::Phase::Connecting: return QStringLiteral("connecting");
    case BridgeState::Phase::Syncing: return QStringLiteral("syncing");
    case BridgeState::Phase::InSync: return QStringLiteral("in sync");
    case BridgeState::Phase::Cut: return QStringLiteral("cut");
    }
    return {};
}
