// SPDX-License-Identifier: GPL-3.0-or-later
#include "bridgetexts.h"

#include "views/statuspalette.h"

#include <QDateTime>
#include <QStringList>

namespace {
QString clockTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("HH:mm:ss"));
}
}

QString BridgeTexts::kindName(BridgeState::Kind kind)
{
    switch (kind) {
    case BridgeState::Kind::Eureka: return tr("Eureka server");
    case BridgeState::Kind::ServiceComb: return tr("Service-Center");
    }
    return {};
}

QString BridgeTexts::phaseName(BridgeState::Phase phase)
{
    switch (phase) {
    case BridgeState::Phase::Connecting: return tr("connecting");
    case BridgeState::Phase::Syncing: return tr("syncing");
    case BridgeState::Phase::InSync: return tr("in sync");
    case BridgeState::Phase::Cut: return tr("cut off");
    }
    return {};
}

QColor BridgeTexts::phaseColor(BridgeState::Phase phase)
{
    switch (phase) {
    case BridgeState::Phase::Connecting: return StatusPalette::accent();
    case BridgeState::Phase::Syncing: return StatusPalette::warning();
    case BridgeState::Phase::InSync: return StatusPalette::healthy();
    case BridgeState::Phase::Cut: return StatusPalette::failing();
    }
    return StatusPalette::inactive();
}

QString BridgeTexts::counts(const BridgeState &state)
{
    return tr("↓ %1 ↑ %2").arg(state.pulled).arg(state.pushed);
}

QString BridgeTexts::details(const BridgeState &state, qint64 nowMs)
{
    QStringList lines {
        tr("Bridge to the %1 at %2: %3").arg(kindName(state.kind), state.url, phaseName(state.phase)),
        tr("Pulled: %1 entries mirrored from there").arg(state.pulled),
        tr("Pushed: %1 of this node's entries registered there").arg(state.pushed),
        tr("Queued: %1 pushes waiting, the oldest for %2 ms").arg(state.queued).arg(state.lagMs),
    };
    lines << (state.lastSyncMs > 0 ? tr("Last read that worked: %1").arg(clockTime(state.lastSyncMs))
                                   : tr("No read has worked yet"));
    if (state.phase == BridgeState::Phase::Cut && state.graceEndsMs > 0) {
        const qint64 secsLeft = std::max<qint64>(0, (state.graceEndsMs - nowMs + 999) / 1000);
        lines << tr("Cut off since %1; the pulled entries leave at %2 (in %n s) unless it answers again", nullptr,
                    int(secsLeft)).arg(clockTime(state.cutSinceMs), clockTime(state.graceEndsMs));
    }
    if (!state.lastError.isEmpty())
        lines << tr("Last error (%1): %2").arg(clockTime(state.lastErrorMs), state.lastError);
    return lines.join(u'\n');
}

QString BridgeTexts::foreignEntryNote(const QString &bridgeUrl)
{
    return tr("Mirrored by a bridge from the external registry at %1. That registry owns it: deregister it or "
              "change its metadata there. A status override here stays on this node.").arg(bridgeUrl);
}
