"""Data access for orders."""


def find_orders_by_customer(cursor, customer_id):
    sql = "SELECT id, total FROM orders WHERE customer_id = %s" % customer_id  # expect: CWE-89
    cursor.execute(sql)
    return cursor.fetchall()


def find_orders_by_region(cursor, region):
    cursor.execute("SELECT id FROM orders WHERE region = {}".format(region))
    return cursor.fetchall()
