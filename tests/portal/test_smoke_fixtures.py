def test_parent_sees_both_children_on_dashboard(world, client_as):
    response = client_as(world.parent_1).get("/portal/")
    assert response.status_code == 200
    assert "Aisha Khan" in response.content.decode()
    assert "Sam Khan" in response.content.decode()
