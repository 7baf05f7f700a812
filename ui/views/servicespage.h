// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QComboBox;
class QLineEdit;
class QTableView;
class RegistryMirror;
class ServiceFilterModel;

// The services of the selected registry with their instances counted by status; search by name and
// filter by protocol. Activating a service shows its instances.
class ServicesPage : public QWidget
{
    Q_OBJECT

public:
    explicit ServicesPage(QWidget *parent = nullptr);

    void setMirror(RegistryMirror *mirror);
    QTableView *table() const { return m_table; }
    QString currentServiceKey() const;

signals:
    void serviceActivated(const QString &serviceKey, const QString &name);

private:
    void applyOriginFilter();

    QLineEdit *m_search;
    QComboBox *m_origin;
    QTableView *m_table;
    ServiceFilterModel *m_proxy;
};
