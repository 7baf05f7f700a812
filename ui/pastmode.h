// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/pastregistry.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>

class RegistryConnection;
class RegistryMirror;
class Workspace;

// The console's view of the past (docs/history.md): the one moment shared by the Services, Instances,
// Topology and History views, which the time bar and the History tab's slider both set. It reads the selected registry at that moment, and each node of this console for
// the topology, through RegistryConnection::requestStateAt; the GUI thread never waits. In the
// present (moment 0) the views follow their live mirrors.
class PastMode : public QObject
{
    Q_OBJECT

public:
    explicit PastMode(Workspace *workspace, QObject *parent = nullptr);
    ~PastMode() override;

    bool isActive() const { return m_moment != 0; }
    qint64 moment() const { return m_moment; }
    // The selected registry at the moment, once read; null in the present and while it is read.
    RegistryMirror *mirror() const { return m_mirror; }
    RegistryConnection *source() const { return m_source; }
    // The first moment the selected registry's history reaches back to, or why it keeps none.
    qint64 earliest() const { return m_earliest; }
    QString unavailableReason() const { return m_unavailable; }
    bool isAvailable() const { return m_source && m_unavailable.isEmpty() && m_earliest > 0; }
    // The instances a node of this console held at the moment; nothing if it was not read (yet).
    std::optional<qsizetype> instancesAt(const RegistryConnection *node) const;

    void setSource(RegistryConnection *source);
    void showMoment(qint64 time);
    void backToNow();
    // Asks the selected registry again where its history begins.
    void refreshBounds();

signals:
    void boundsChanged();
    // Someone asked for another moment (0: the present); the views that read it themselves follow.
    void momentChanged(qint64 moment);
    // mirror() holds the selected registry at moment().
    void pastShown();
    // The past could not be read; the views are back in the present.
    void pastFailed(const QString &error);
    void nowShown();
    void topologyRead();

private:
    void readSource(qint64 time);
    void readNodes(qint64 time);
    void replaceMirror(RegistryMirror *mirror);

    Workspace *m_workspace;
    QPointer<RegistryConnection> m_source;
    RegistryMirror *m_mirror = nullptr;
    qint64 m_moment = 0;
    qint64 m_earliest = 0;
    QString m_unavailable;
    quint64 m_request = 0;             // answers to an older request are dropped
    QHash<const RegistryConnection *, qsizetype> m_nodeInstances;
    QTimer m_boundsTimer;
};
