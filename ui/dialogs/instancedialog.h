// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/instance.h"

#include <QDialog>
#include <QHash>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLayout;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

// Registers an instance by hand, or edits one's status and metadata. Every field is checked as it is
// typed; a problem is shown next to its field and keeps the dialog from being accepted.
class InstanceDialog : public QDialog
{
    Q_OBJECT

public:
    enum class Mode
    {
        Register,
        Edit,
    };

    explicit InstanceDialog(Mode mode, QWidget *parent = nullptr);

    void setKnownApps(const QStringList &apps);
    // Only a node of this console can keep pinned entries; a remote registry cannot.
    void setPinnable(bool pinnable);
    // Fills the form from an instance; in Edit mode only the status and metadata stay editable, and
    // only the status for an entry a bridge mirrors from an external registry.
    void setInstance(const Instance &instance);
    // The instance as the form describes it.
    Instance instance() const;
    QMap<QString, QString> metadata() const;
    // The health check the form sets, if any.
    std::optional<CheckSpec> check() const;
    InstanceStatus status() const;
    bool isValid() const { return m_errors.isEmpty(); }
    // The problem shown for a field (by its object name), or an empty string.
    QString errorFor(const QString &field) const { return m_errors.value(field); }

private:
    QLabel *addErrorLabel(const QString &field);
    void addMetadataRow(const QString &key = {}, const QString &value = {});
    QLayout *createCheckFields();
    QString checkProblem() const;
    void validate();
    void setError(const QString &field, const QString &message);
    QString defaultInstanceId() const;

    Mode m_mode;
    Instance m_original;
    QComboBox *m_app;
    QLineEdit *m_instanceId;
    QLineEdit *m_host;
    QLineEdit *m_ip;
    QSpinBox *m_port;
    QComboBox *m_status;
    QSpinBox *m_leaseSecs;
    QCheckBox *m_pinned;
    QTableWidget *m_metadata;
    QComboBox *m_checkKind;
    QLineEdit *m_checkTarget;
    QSpinBox *m_checkIntervalMs;
    QSpinBox *m_checkFailures;
    QSpinBox *m_checkDeregisterSecs;
    QPushButton *m_addKey;
    QPushButton *m_removeKey;
    QLabel *m_foreignNote;
    QDialogButtonBox *m_buttons;
    QHash<QString, QLabel *> m_errorLabels;
    QHash<QString, QString> m_errors;
};
