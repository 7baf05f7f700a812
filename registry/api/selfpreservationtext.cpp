// SPDX-License-Identifier: GPL-3.0-or-later
#include "api/selfpreservationtext.h"

#include <QDateTime>
#include <QtGlobal>

const char *SelfPreservationText::sentenceFor(const SelfPreservationState &state)
{
    switch (state.reason()) {
    case SelfPreservationState::Reason::SwitchedOff:
        return QT_TRANSLATE_NOOP("SelfPreservation",
                                 "Self-preservation is switched off: every lease that runs out is expired at once.");
    case SelfPreservationState::Reason::NothingToProtect:
        return QT_TRANSLATE_NOOP("SelfPreservation",
                                 "Self-preservation is off: no instance with an Eureka lease is registered, so there "
                                 "is nothing to protect (Service-Center leases always expire on time).");
    case SelfPreservationState::Reason::Measuring:
        return QT_TRANSLATE_NOOP("SelfPreservation",
                                 "Self-preservation is measuring: the node has not counted a full minute of renewals "
                                 "yet and will have at %7. So far this minute it received %8 renewals, against a "
                                 "threshold of %2 (%3% of the %4 expected from %5 instances renewing every %6 s). "
                                 "Like an Eureka server, it expires no lease until that first minute is measured.");
    case SelfPreservationState::Reason::HoldingLeases:
        return QT_TRANSLATE_NOOP("SelfPreservation",
                                 "Self-preservation is ON: in the last minute the node received %1 renewals, not "
                                 "more than the threshold of %2 (%3% of the %4 expected from %5 instances renewing "
                                 "every %6 s). The node assumes a network problem rather than %5 instances failing "
                                 "at once, and keeps every lease until renewals recover.");
    case SelfPreservationState::Reason::ExpiringNormally:
        break;
    }
    return QT_TRANSLATE_NOOP("SelfPreservation",
                             "Self-preservation is off: in the last minute the node received %1 renewals, above the "
                             "threshold of %2 (%3% of the %4 expected from %5 instances renewing every %6 s), so "
                             "leases that run out are expired normally.");
}

QString SelfPreservationText::measuredAt(const SelfPreservationState &state)
{
    return QDateTime::fromMSecsSinceEpoch(state.measuringUntilMs).toString(QStringLiteral("HH:mm:ss"));
}

// By hand rather than QString::arg(), which numbers the markers a sentence leaves out differently.
QString SelfPreservationText::fill(const QString &text, const SelfPreservationState &state)
{
    const QString values[] = {QString::number(state.renewsLastMin), QString::number(state.renewsThreshold),
                              QString::number(qRound(state.renewalPercentThreshold * 100)),
                              QString::number(state.expectedRenewsPerMin), QString::number(state.expectedClients),
                              QString::number(state.renewalIntervalSecs), measuredAt(state),
                              QString::number(state.renewsThisMin)};
    QString filled = text;
    for (int i = 0; i < 8; ++i)
        filled.replace(u'%' + QString::number(i + 1), values[i]);
    return filled;
}

QString SelfPreservationText::english(const SelfPreservationState &state)
{
    return fill(QString::fromLatin1(sentenceFor(state)), state);
}
