<?php
/**
 * Installs the test's WordPress from the command line: the site, the plugin activated (unless
 * the third argument is "bare": a test then installs it as a publisher would), an editor and an
 * author, and an application password for each user (the tests publish through the REST API).
 * Usage: php wp_install.php WORDPRESS_DIR SITE_URL [bare]; prints JSON.
 *
 * @package TTS_Service
 */

$url                    = $argv[2];
$_SERVER['HTTP_HOST']   = wp_install_host( $url );
$_SERVER['REQUEST_URI'] = '/';
define( 'WP_INSTALLING', true );
require $argv[1] . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

/**
 * The host:port of a URL.
 *
 * @param string $url The URL.
 * @return string
 */
function wp_install_host( $url ) {
	$parts = parse_url( $url );
	return $parts['host'] . ':' . $parts['port'];
}

$admin_password = wp_generate_password( 24, false );
wp_install( 'The Harbor Gazette', 'admin', 'admin@example.com', true, '', $admin_password );
update_option( 'siteurl', $url );
update_option( 'home', $url );
if ( 'bare' !== ( $argv[3] ?? '' ) ) {
	$result = activate_plugin( 'tts-service/tts-service.php' );
	if ( is_wp_error( $result ) ) {
		fwrite( STDERR, $result->get_error_message() . "\n" );
		exit( 1 );
	}
}
$accounts = array( 'admin' => array( 1, $admin_password ) );
foreach ( array( 'editor', 'author' ) as $role ) { // An author may publish, but not unfiltered HTML.
	$password          = wp_generate_password( 24, false );
	$accounts[ $role ] = array(
		wp_insert_user(
			array(
				'user_login' => $role,
				'user_pass'  => $password,
				'user_email' => $role . '@example.com',
				'role'       => $role,
			)
		),
		$password,
	);
}
$users = array();
foreach ( $accounts as $login => $user ) {
	$created         = WP_Application_Passwords::create_new_application_password( $user[0], array( 'name' => 'tests' ) );
	$users[ $login ] = array(
		'password'     => $user[1],
		'app_password' => $created[0],
	);
}
echo wp_json_encode( $users );
