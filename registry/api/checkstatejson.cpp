// SPDX-License-Identifier: GPL-3.0-or-later
#include "api/checkstatejson.h"

#include <QJsonArray>

QString verdictName(CheckState::Verdict verdict)
{
    switch (verdict) {
    case CheckState::Verdict::Pending: return QStringLiteral("pending");
    case CheckState::Verdict::Passing: return QStringLiteral("passing");
    case CheckState::Verdict::Failing: return QStringLiteral("failing");
    }
    return {};
}

namespace {
QJsonObject encodeResult(const CheckResult &result)
{
    return {{QStringLiteral("timestamp"), result.timestamp},
            {QStringLiteral("passed"), result.passed},
            {QStringLiteral("elapsedMs"), result.elapsedMs},
            {QStringLiteral("detail"), result.detail}};
}
}

namespace CheckStateJson {

QJsonObject encode(const CheckState &state)
{
    QJsonArray history;
    for (const CheckResult &result : state.history)
        history.append(encodeResult(result));
    return {{QStringLiteral("app"), state.app},
            {QStringLiteral("instanceId"), state.instanceId},
            {QStringLiteral("check"), CheckSpecs::toJson(state.spec)},
            {QStringLiteral("verdict"), verdictName(state.verdict)},
            {QStringLiteral("consecutiveFailures"), state.consecutiveFailures},
            {QStringLiteral("consecutiveSuccesses"), state.consecutiveSuccesses},
            {QStringLiteral("failingSinceMs"), state.failingSinceMs},
            {QStringLiteral("history"), history}};
}

}
