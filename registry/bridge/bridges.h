// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/bridgestate.h"
#include "bridge/bridge.h"
#include "bridge/bridgeconfig.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QUrl>

class Registry;

// The bridges of one node, on its thread: added from the configuration and at run time.
class Bridges : public QObject
{
    Q_OBJECT

public:
    // ownRoot is the node's own http://host:port: a bridge to it is refused.
    Bridges(BridgeSettings settings, Registry &registry, Bridge::WriteRunner runWrite, QString mark, QUrl ownRoot,
            QObject *parent = nullptr);
    ~Bridges() override;

    enum class Outcome
    {
        Added,
        Invalid,                       // not an http(s) URL with a host, or the node itself
        Duplicate,
    };
    struct AddResult
    {
        Outcome outcome;
        QString detail;                // for Invalid and Duplicate
        BridgeState state;             // for Added
    };
    AddResult add(const BridgeTarget &target);
    // False when no bridge has this URL (as given or normalized either way).
    bool remove(const QUrl &url);
    QList<BridgeState> states() const;
    qsizetype count() const { return m_bridges.size(); }

signals:
    void changed();

private:
    Bridge *find(const QUrl &url) const;

    BridgeSettings m_settings;
    Registry &m_registry;
    Bridge::WriteRunner m_runWrite;
    QString m_mark;
    QUrl m_ownRoot;
    QList<QPointer<Bridge>> m_bridges;
};
